//! Every construct kind of docs/sst-v2-binding-protocol.md §5 and a custom kind, with the types of docs/manifest.md §2.
#![deny(warnings)]

use sst_resources::{Error, ExposeSecret, SecretValue};

sst_resources::sst_resources!("manifests/all-kinds.json", function = "all");

fn read() -> Result<(), Error> {
    let _: &'static str = Api::api()?.url;
    let _: &'static str = ApiGatewayV1Api::legacy_api()?.url;
    let _: &'static str = AppSyncApi::graphql()?.url;
    let socket: &'static WebSocketApiProps = WebSocketApi::socket()?;
    let _: (&str, &str) = (socket.url, socket.https_url);
    let _: &'static str = Bucket::my_files()?.bucket_name;
    let _: &'static str = Bucket::my_archive()?.bucket_name;
    let _: &'static str = EventBus::bus()?.event_bus_name;
    let _: &'static str = Function::resize()?.function_name;
    let _: &'static str = Job::job()?.function_name;
    let _: &'static str = KinesisStream::stream()?.stream_name;
    let _: &'static str = Queue::queue()?.queue_url;
    let rds = RDS::rds()?;
    let _: [&str; 3] = [rds.cluster_arn, rds.secret_arn, rds.default_database_name];
    let _: &'static str = Table::notes()?.table_name;
    let _: &'static str = Table::r#type()?.table_name;
    let _: &'static str = Topic::topic()?.topic_arn;
    let _: &'static str = Topic::self_()?.topic_arn;
    let _: &'static str = Service::web()?.url;
    let _: &'static str = StaticSite::site()?.url;
    let _: &'static str = NextjsSite::next()?.url;
    let _: &'static str = AstroSite::astro()?.url;
    let _: &'static str = RemixSite::remix()?.url;
    let _: &'static str = SolidStartSite::solid()?.url;
    let _: &'static str = SvelteKitSite::svelte()?.url;
    let _: &'static SecretValue = Config::stripe_key()?;
    let _: &str = Config::stripe_key()?.expose_secret();
    let _: &'static str = Config::my_cluster_name()?;
    let _: (&'static str, &'static str) = (Config::app()?, Config::stage()?);
    let _: &'static SecretValue = Auth::auth()?.public_key;
    let _: (Option<&'static str>, Option<&'static str>) = (Auth::auth()?.url, Auth::auth()?.auth_id);
    let cache: &'static RedisProps = Redis::cache()?;
    let _: (&str, &str, &str) = (cache.host, cache.port, cache.password.expose_secret());
    Ok(())
}

fn main() {
    // No SST_APP here: every accessor answers with an error, none panics.
    assert!(read().is_err());
}
