/** What the audit log keeps of a secret: enough to tell two apart, never enough to use. */
export const maskSecret = (secret: string | null) => (secret ? `${secret.slice(0, 6)}…${secret.slice(-4)}` : null);
