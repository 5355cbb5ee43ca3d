// The action runs the shared bundle; see dist/secrets-lint/index.js (built by `npm run build`).
import '../../dist/secrets-lint/index.js';
