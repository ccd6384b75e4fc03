namespace Bridge.E2ETests.Infrastructure;

// The single sign-on tests: per engine, one browser with popup blocking on (as users have it) and one SSO demo
// (SsoServers), shared by the scenario classes of that engine, which run one after the other.

[CollectionDefinition(Name)]
public sealed class ChromiumSingleSignOn : ICollectionFixture<ChromiumBlockingPopupsFixture>, ICollectionFixture<SsoServers>
{
    public const string Name = "chromium, single sign-on";
}

[CollectionDefinition(Name)]
public sealed class FirefoxSingleSignOn : ICollectionFixture<FirefoxBlockingPopupsFixture>, ICollectionFixture<SsoServers>
{
    public const string Name = "firefox, single sign-on";
}
