import { Bucket } from "sst/node/bucket";
import { Table } from "sst/node/table";

// Run by the `report` Job in CodeBuild: its bindings are the project's environment.
export const handler = async () => ({ bucket: Bucket["my-uploads"].bucketName, table: Table.notes.tableName });
