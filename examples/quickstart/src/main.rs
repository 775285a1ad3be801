//! SST's quick start in Rust: a Lambda function bound to the bucket `myFiles` that uploads `greeting.txt`
//! ("Hello world!") and answers `File uploaded`.
//!
//! Run it with no AWS account, against moto: `scripts/quickstart`.

use aws_config::BehaviorVersion;
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

sst_resources::sst_resources!("bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Once, at cold start: every value kept in SSM (none here, a bucket name is plain).
    sst_resources::load().await?;
    let s3 = &s3_client().await;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| upload(s3, event))).await
}

/// The handler: puts `greeting.txt` into the bound bucket.
async fn upload(s3: &aws_sdk_s3::Client, _event: LambdaEvent<Value>) -> Result<&'static str, Error> {
    s3.put_object()
        .bucket(Bucket::my_files()?.bucket_name)
        .key("greeting.txt")
        .body(ByteStream::from_static(b"Hello world!"))
        .send()
        .await?;
    Ok("File uploaded")
}

/// An S3 client from the AWS chains (region, credentials, `AWS_ENDPOINT_URL`), over rustls with `ring`.
async fn s3_client() -> aws_sdk_s3::Client {
    let https =
        aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::Ring)).build_https();
    let config = aws_config::defaults(BehaviorVersion::latest()).http_client(https).load().await;
    // A local endpoint (moto, LocalStack) has no per-bucket host names: address buckets by path there.
    let path_style = config.endpoint_url().is_some();
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(path_style).build())
}
