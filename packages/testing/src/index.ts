export {
  assertLoopbackOnly,
  interfaceNames,
  isLoopbackOnly,
  loopbackNamespaceArgv,
  NotInLoopbackNamespaceError,
} from './netns.js';
export {
  findExecutable,
  requireExecutable,
  MissingProgramError,
  SYSTEM_PACKAGES,
  type SystemProgram,
} from './executables.js';
export { freePort, freePortRange, waitForTcp } from './ports.js';
export { ManagedProcess } from './managed-process.js';
export {
  startInspircd,
  inspircdConfig,
  type InspircdServer,
  type InspircdOptions,
  type InspircdProfile,
} from './inspircd.js';
export { startCoturn, type TurnServer } from './coturn.js';
export { launchChromium, chromiumPath, CHROMIUM_FLAGS, type ChromiumOptions } from './chromium.js';
export {
  launchFirefox,
  firefoxPath,
  FIREFOX_PREFS,
  routeDefaultThroughLoopback,
  type FirefoxBrowser,
  type FirefoxPage,
} from './firefox.js';
export { createNodePeer, NodeRTCPeerConnectionClass } from './node-peer.js';
export { startStaticServer, type StaticServer } from './static-server.js';
export { PageRig, PAGE_RIG_SCRIPT, type CandidatePairInfo } from './page-rig.js';
export { IrcRawClient } from './irc-raw-client.js';
export { encodeY4m, type RgbaFrame } from './y4m.js';
