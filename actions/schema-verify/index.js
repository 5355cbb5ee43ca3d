// The action runs the shared bundle; see dist/schema-verify/index.js (built by `npm run build`).
import '../../dist/schema-verify/index.js';
