// Reads a JSON array of texts on stdin and prints, for each, what dotenv's `parse` makes of it: an array
// of [name, value] pairs. The oracle of the CLI's dotenv reader (sst-resources-import/src/dotenv.rs).
const { parse } = require("dotenv");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  process.stdout.write(JSON.stringify(texts.map((text) => Object.entries(parse(text)))));
});
