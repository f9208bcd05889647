import type { Role } from "@/lib/auth/permissions";

// Roles as people read them: "Developer", not "developer".

const ROLE_LABELS: Record<Role, string> = {
  guest: "Guest",
  reporter: "Reporter",
  developer: "Developer",
  maintainer: "Maintainer",
  owner: "Owner",
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
