// The action runs the shared bundle; see dist/registry-deploy/index.js (built by `npm run build`).
import '../../dist/registry-deploy/index.js';
