"use server";

import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/lib/auth/session";
import {
  addClientKey,
  removeClientKey,
  revealLegacyDsn,
  submitConnectForm,
  submitSettingsForm,
  type ClientKeyActionState,
  type ConnectFormState,
  type LegacyDsnResult,
  type SettingsFormState,
} from "@/lib/errors/error-tracking-settings-form";

// The Monitor settings page's actions. Each one asks lib/errors/error-tracking-settings-form,
// which checks "settings:manage" for the signed-in user on the server, whatever the page showed.
// `slug` (and `keyId`) arrive bound from the page, so they are as untrusted as the form.

function revalidateSettings(slug: unknown) {
  if (typeof slug === "string") revalidatePath(`/projects/${encodeURIComponent(slug)}/settings/monitor`);
}

export async function saveErrorTrackingSettings(slug: string, _previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const state = await submitSettingsForm(await getSessionUser(), slug, form);
  if (state?.ok) revalidateSettings(slug);
  return state;
}

export async function connectSentry(slug: string, _previous: ConnectFormState, form: FormData): Promise<ConnectFormState> {
  return submitConnectForm(await getSessionUser(), slug, form);
}

export async function createClientKeyAction(slug: string, _previous: ClientKeyActionState): Promise<ClientKeyActionState> {
  const state = await addClientKey(await getSessionUser(), slug);
  if (state?.ok) revalidateSettings(slug);
  return state;
}

export async function revokeClientKeyAction(slug: string, keyId: number, _previous: ClientKeyActionState): Promise<ClientKeyActionState> {
  const state = await removeClientKey(await getSessionUser(), slug, keyId);
  if (state?.ok) revalidateSettings(slug);
  return state;
}

export async function showLegacyDsn(slug: string, keyId: number): Promise<LegacyDsnResult> {
  return revealLegacyDsn(await getSessionUser(), slug, keyId);
}
