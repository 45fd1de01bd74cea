export default function OverviewPage() {
  return (
    <main className="p-6">
      <h1 className="text-xl font-semibold">ACK Lambda Fleet</h1>
    </main>
  );
}
