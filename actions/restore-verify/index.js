// The action runs the shared bundle; see dist/restore-verify/index.js (built by `npm run build`).
import '../../dist/restore-verify/index.js';
