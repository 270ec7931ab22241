// How the test servers live and die, shared by provider.mjs and faults.mjs: they stop on SIGTERM, SIGINT,
// or when the test that started them closes their stdin (so a crashed test leaves no server behind;
// `--ignore-stdin` for a server started by hand).
export function stopWith(server, beforeClose = () => {}) {
  function shutdown() {
    beforeClose();
    server.close();
    server.closeAllConnections();
    process.exit(0);
  }
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  if (!process.argv.includes('--ignore-stdin')) {
    process.stdin.on('end', shutdown);
    process.stdin.on('close', shutdown);
    process.stdin.resume();
  }
}
