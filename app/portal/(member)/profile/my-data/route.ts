import { getActor } from "@/lib/auth/session";
import { exportOwnData } from "@/lib/customers/privacy";
import { errorResponse } from "@/lib/http/errors";

/** GET /portal/profile/my-data → everything held about the signed-in member, as a JSON file. */
export async function GET() {
  const actor = await getActor();
  if (!actor || actor.role !== "member") {
    return Response.json({ error: { code: "unauthenticated", message: "Sign in to the member portal first." } }, { status: 401 });
  }
  try {
    const data = await exportOwnData(actor);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": 'attachment; filename="my-data.json"',
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
