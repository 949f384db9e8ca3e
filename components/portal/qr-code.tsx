import QRCode from "qrcode";
import { cn } from "@/components/ui/cn";

/** A QR code drawn on the server as SVG, e.g. for the till's scanner to read. */
export async function QrCode({ text, label, className }: { text: string; label: string; className?: string }) {
  const svg = await QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return (
    <div
      role="img"
      aria-label={label}
      className={cn("bg-white [&>svg]:block [&>svg]:size-full", className)}
      // The markup is the qrcode package's own output (paths drawn from the encoded bits, no text
      // of the input in it), made here on the server: there is nothing a user could inject.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
