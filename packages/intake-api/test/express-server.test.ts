import { once } from "node:events";
import { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { expect, it } from "vitest";
import { createExpressServer } from "../src/index";

it("serves an express app with requests and responses born with the app's prototypes", async () => {
  const app = express();
  const server = createExpressServer(app).listen(0, "127.0.0.1");
  app.use(express.json());
  app.post("/echo", (req, res) => {
    res.status(201).json({
      body: req.body,
      ip: req.ip,
      // express switches prototypes in app.handle; with this server it finds them in place.
      requestPrototypeIsApps: Object.getPrototypeOf(req) === app.request,
      responsePrototypeIsApps: Object.getPrototypeOf(res) === app.response,
      expressMethods: typeof req.get === "function" && typeof res.json === "function",
      isIncomingMessage: req instanceof IncomingMessage,
      isServerResponse: res instanceof ServerResponse,
    });
  });
  await once(server, "listening");
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_uid: "imp_123" }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      body: { imp_uid: "imp_123" },
      ip: "127.0.0.1",
      requestPrototypeIsApps: true,
      responsePrototypeIsApps: true,
      expressMethods: true,
      isIncomingMessage: true,
      isServerResponse: true,
    });
    expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
