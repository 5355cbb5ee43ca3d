// The action runs the shared bundle; see dist/migrate-direct/index.js (built by `npm run build`).
import '../../dist/migrate-direct/index.js';
