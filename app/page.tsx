export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">Faultline</h1>
      <p className="mt-2 text-gray-600">Self-hosted, Sentry-compatible error tracking.</p>
    </main>
  );
}
