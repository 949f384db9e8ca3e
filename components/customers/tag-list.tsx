import { Badge, type BadgeTone } from "@/components/ui/badge";

/** A customer's tags in their colours. */
export function TagList({ tags, colors }: { tags: string[]; colors: Record<string, BadgeTone> }) {
  return (
    <span className="flex flex-wrap gap-1">
      {tags.map((tag) => (
        <Badge key={tag} tone={colors[tag] ?? "slate"}>
          {tag}
        </Badge>
      ))}
    </span>
  );
}
