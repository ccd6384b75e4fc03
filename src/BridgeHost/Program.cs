using Bridge.Demo;
using Bridge.SingleSignOn;

if (HashCommands.TryRun(args, Console.In, Console.Out))
{
    return;
}

// The demo: a service origin (relay, bridge.js, API) and a site origin (a page calling the service), side by side;
// and the single sign-on demo: the SSO service and its apps, one same-site with it and one on another site.
var service = DemoService.Build(args);
var site = DemoSite.Build(args);
var sso = SingleSignOnService.Build(args);
List<WebApplication> apps = [service, site, sso, .. SingleSignOnService.AppNames(sso).Select(name => SingleSignOnAppServer.Build(args, name))];

foreach (var app in apps)
{
    await app.StartAsync();
}

var settings = DemoSettings.Read(service.Configuration);
Console.WriteLine($"Bridge demo: open the site {settings.SiteUrl} (the service is {settings.ServiceUrl}). Ctrl+C stops.");
Console.WriteLine($"Single sign-on demo: the SSO service is {string.Join(", ", sso.Urls)}, its apps {string.Join(", ", apps.Skip(3).SelectMany(app => app.Urls))}.");

await Task.WhenAny(apps.Select(app => app.WaitForShutdownAsync()));
foreach (var app in Enumerable.Reverse(apps))
{
    await app.StopAsync();
}
