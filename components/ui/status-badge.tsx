import type { ErrorStatus } from "@/lib/errors/backend";
import { STATUS_LABELS } from "@/lib/errors/error-list-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<ErrorStatus, BadgeTone> = { unresolved: "red", resolved: "green", ignored: "neutral" };

export function StatusBadge({ status }: { status: ErrorStatus }) {
  return <Badge tone={TONE[status]}>{STATUS_LABELS[status]}</Badge>;
}
