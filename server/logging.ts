// Structured logs: one JSON object per line on stdout (errors on stderr), each with its time and level.
type Fields = Record<string, unknown>;

export function createLogger(write: (line: string, error: boolean) => void = defaultWrite) {
  const emit = (level: "info" | "error", msg: string, fields: Fields) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }), level === "error");
  };
  return {
    info: (msg: string, fields: Fields = {}) => emit("info", msg, fields),
    error: (msg: string, fields: Fields = {}) => emit("error", msg, fields),
  };
}

function defaultWrite(line: string, error: boolean) {
  (error ? process.stderr : process.stdout).write(`${line}\n`);
}

// Paths that carry a secret (invitation and password-reset links) are logged without it.
const SECRET_SEGMENT = /^\/(invite|reset-password)\/[^/]+/;

export function redactPath(path: string): string {
  return path.replace(SECRET_SEGMENT, "/$1/…").slice(0, 300);
}
