import type { IssueState } from "@/lib/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";

// "Open" in green, "Closed" in blue, as GitLab shows an issue's state.

export function IssueStateBadge({ state }: { state: IssueState }) {
  return state === "opened" ? <Badge tone="green">Open</Badge> : <Badge tone="blue">Closed</Badge>;
}
