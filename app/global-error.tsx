"use client";

// Shown when even the root layout fails, so it cannot rely on the message catalogs: it says the
// little it has to in both languages.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100dvh", margin: 0 }}>
        <main style={{ textAlign: "center", padding: 24 }}>
          <h1 style={{ fontSize: 20 }}>Something went wrong · 出错了</h1>
          <p style={{ color: "#475569" }}>Please try again. · 请重试。</p>
          {error.digest && <p style={{ color: "#64748b", fontFamily: "monospace", fontSize: 12 }}>{error.digest}</p>}
          <button type="button" onClick={reset} style={{ padding: "8px 16px", borderRadius: 6, border: "1px solid #cbd5e1", background: "#fff" }}>
            Try again · 重试
          </button>
        </main>
      </body>
    </html>
  );
}
