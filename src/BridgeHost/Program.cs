using Bridge.Demo;

// The demo: a service origin (relay, bridge.js, API) and a site origin (a page calling the service), side by side.
var service = DemoService.Build(args);
var site = DemoSite.Build(args);

await service.StartAsync();
await site.StartAsync();

var settings = DemoSettings.Read(service.Configuration);
Console.WriteLine($"Bridge demo: open the site {settings.SiteUrl} (the service is {settings.ServiceUrl}). Ctrl+C stops.");

await Task.WhenAny(service.WaitForShutdownAsync(), site.WaitForShutdownAsync());
await site.StopAsync();
await service.StopAsync();
