import { nodePackageBuild } from '../../tsup.node-package.js';

export default nodePackageBuild({ shims: true, nodeTypes: false });
