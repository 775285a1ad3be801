// The probe app of sst-binding-protocol/src/sst_app/testdata/made-functions.json: one of each construct that makes
// functions of its own, run by sst-resources-cli/src/import/construct-tree.mjs against SST 2.49.6 (see the test).
import { SSTConfig } from "sst";
import { Api, Bucket, Cron, EventBus, Function, Job, KinesisStream, Queue, Service, Table, Topic, WebSocketApi } from "sst/constructs";

export default {
  config() {
    return { name: "made", region: "us-east-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({ runtime: "nodejs20.x" });
    app.stack(function Main({ stack }) {
      const notes = new Table(stack, "notes", {
        fields: { id: "string" },
        primaryIndex: { partitionKey: "id" },
        stream: true,
        consumers: { audit: { function: { handler: "f.audit", bind: [] } } },
      });
      const own = new Function(stack, "own", { handler: "f.own" });
      new Api(stack, "api", {
        routes: {
          "GET   /photos/{id}": { function: { handler: "f.photo", bind: [notes] } },
          "POST /photos": own,
          $default: "f.fallback",
        },
      });
      new WebSocketApi(stack, "socket", { routes: { $connect: "f.connect", sendMessage: "f.send" } });
      new Cron(stack, "nightly", { schedule: "rate(1 day)", job: { function: { handler: "f.nightly", bind: [notes] } } });
      const jobs = new Queue(stack, "jobs", { consumer: { function: { handler: "f.consume", bind: [notes] } } });
      new Queue(stack, "handed", { consumer: own });
      new Bucket(stack, "uploads", {
        notifications: {
          toQueue: { type: "queue", queue: jobs },
          resize: { function: { handler: "f.resize", bind: [notes] } },
        },
      });
      new Topic(stack, "events", { subscribers: { mail: "f.mail", audit: { type: "queue", queue: jobs } } });
      new KinesisStream(stack, "clicks", { consumers: { count: "f.count" } });
      new EventBus(stack, "bus", {
        rules: {
          signup: { pattern: { source: ["app"] }, targets: { queue: jobs, welcome: "f.welcome" } },
        },
      });
      new Job(stack, "report", { handler: "f.report", bind: [notes] });
      // Containers: an ECS Service (its folder must exist: `mkdir web`), bound in its props and later, and a
      // Job whose image is built from a Dockerfile of its own name.
      const web = new Service(stack, "web", { path: "web", bind: [notes], environment: { MODE: "probe" } });
      web.bind([jobs]);
      new Job(stack, "export", {
        runtime: "container",
        handler: "web",
        container: { cmd: ["/export"], file: "Export.Dockerfile" },
        bind: [jobs],
      });
    });
  },
} satisfies SSTConfig;
