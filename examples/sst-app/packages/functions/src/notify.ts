import { Bucket } from "sst/node/bucket";
import { Queue } from "sst/node/queue";

export const handler = async () => ({ bucket: Bucket["my-uploads"].bucketName, queue: Queue.jobs.queueUrl });
