import { PortalSkeleton } from "@/components/portal/skeleton";

export default function Loading() {
  return <PortalSkeleton blocks={4} />;
}
