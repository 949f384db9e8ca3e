import { readBodyLimited } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { errorResponse } from "@/lib/http/errors";
import { paymentProblem, receivePaymentWebhook, type PaymentWebhookResponse } from "@/lib/integration/payments";

/** No payment event comes near this. */
const maxBodyBytes = 64 * 1024;

const answer = ({ status, body }: PaymentWebhookResponse) => Response.json(body, { status });

/**
 * The payment provider's events (docs/webhooks.md). No session: the `Payment-Signature` over the
 * raw body is the authentication, so the body is read as text and checked before it is parsed.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const body = await readBodyLimited(request, maxBodyBytes);
    if (body === null) return answer(paymentProblem(413, "payload_too_large"));
    return answer(await receivePaymentWebhook({ body, signature: request.headers.get("payment-signature"), ip: clientIp(request.headers) }));
  } catch (error) {
    return errorResponse(error);
  }
}
