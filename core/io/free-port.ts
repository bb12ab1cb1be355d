/** Loopback ports nothing listens on right now (for dev clusters, benchmarks and tests). */
import net from 'node:net';

/** A TCP port on `host` that the OS just handed out and released. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
