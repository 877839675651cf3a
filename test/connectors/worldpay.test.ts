// Worldpay through the real client: SidecarPool turns unified requests into Worldpay's HTTP
// calls, Node's fetch sends them to the loopback emulator (emulator/connectors/worldpay/), and the pool
// reads the answers. TODO(worldpay): the whole lifecycle the connector supports.
import assert from "node:assert/strict";
import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { scenario } from "../../emulator/connectors/worldpay/scenario.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

describe("worldpay through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;

  before(async () => {
    emu = await startEmulator();
    pool = await SidecarPool.start({ size: 1 });
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  it("authorizes the scenario's card with manual capture", async () => {
    const payments = new PaymentsClient(pool);
    const result = await payments.authorize({
      connector: "worldpay",
      // Typed by listConnectors' authFields (protocol/connectors.generated.ts): one field per credential.
      auth: { apiKey: scenario.emulator.auth.apiKey! },
      options: { baseUrl: emu.baseUrls.worldpay },
      request: {
        merchantTransactionId: `order_${process.pid}`,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        captureMethod: "manual",
      },
    });
    assert.equal(result.status, "authorized", JSON.stringify(result.error));
    assert.ok(result.connectorTransactionId, "the processor's id of the payment");
  });
});
