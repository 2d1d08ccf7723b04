import { nodePackageBuild } from '../../tsup.node-package.js';

export default nodePackageBuild({ nodeTypes: false });
