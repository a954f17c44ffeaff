import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP receiver for the notification tests, the two-server test and the e2e suite's mail server.

export interface Received {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP receiver on a loopback port (a free one unless `port` is given); `reject` makes it refuse every
 * recipient; `onMessage` is told of each message as it arrives.
 */
export function startSmtp(options: { reject?: boolean; port?: number; onMessage?: (message: Received) => void } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.reject) return callback(new Error("550 mailbox unavailable"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const message = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        received.push(message);
        options.onMessage?.(message);
        callback();
      });
    },
  });
  return new Promise<{ url: string; received: Received[]; close: () => Promise<void> }>((resolve) => {
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

