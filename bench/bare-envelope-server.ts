import http from "node:http";

// The yardstick: plain node:http that reads an envelope and parses its JSON lines, storing
// nothing. Faultline's figures are printed as ratios to this server's, measured side by side.

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    let id: string | null = null;
    try {
      const lines = Buffer.concat(chunks).toString("utf8").split("\n");
      const header = JSON.parse(lines[0]);
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const item = JSON.parse(lines[i]);
        const payload = JSON.parse(lines[i + 1]);
        if (item.type === "event") id = payload.event_id ?? header.event_id;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id }));
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"detail":"malformed"}');
    }
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
