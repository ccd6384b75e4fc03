using Bridge.Benchmark.Peers;
using Microsoft.Playwright;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// The profiling mode (<c>--profile DIR</c>), run instead of the benchmark: each mechanism of
/// <see cref="ProfiledMechanism.All"/> in Chromium, cross-site, in a page of its own, warmed up; one pass of
/// <see cref="ProfileWorkload"/> under the CPU profiler of the page and of the relay frame (DIR/{mechanism}-{frame}.cpuprofile),
/// then a second pass counting the messages; then DIR/profile.md (<see cref="ProfileReport"/>). Same-site is not
/// profiled: there Chromium runs the relay frame in the page's renderer, so the two sides would share one profile.
/// </summary>
internal static class ProfileRun
{
    public const string ReportFile = "profile.md";

    public static async Task RunAsync(PeerScripts peers, ProfileWorkload workload, string directory, string? commit)
    {
        Directory.CreateDirectory(directory);
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.LoadAverage();
        await using var servers = await BenchmarkServers.StartAsync(SiteSetup.Cross, peers);
        using var playwright = await Playwright.CreateAsync();
        var browser = await BrowserLauncher.LaunchAsync(playwright, "chromium");
        try
        {
            var mechanisms = new List<MechanismProfile>();
            foreach (var mechanism in ProfiledMechanism.All)
            {
                mechanisms.Add(await ProfileAsync(browser, servers, mechanism, workload, directory));
            }
            var results = new ProfileResults(started, commit, MachineInfo.Read(), browser.Version, (loadAtStart, MachineInfo.LoadAverage()), workload, mechanisms);
            var report = ProfileReport.Render(results);
            Console.WriteLine(report);
            await File.WriteAllTextAsync(Path.Combine(directory, ReportFile), report);
            Console.Error.WriteLine($"Written to {directory}: {ReportFile} and the profiles beside it.");
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    private static async Task<MechanismProfile> ProfileAsync(
        IBrowser browser, BenchmarkServers servers, ProfiledMechanism mechanism, ProfileWorkload workload, string directory)
    {
        Console.Error.WriteLine($"[profile, cross-site, chromium] {mechanism.Name}: {workload.Calls} calls profiled, then as many counted");
        await using var page = await BenchmarkPage.OpenAsync(browser, servers, mechanism.Name);
        await page.WarmUpAsync();
        var frames = mechanism.FramesOf(page.Page);

        var profiler = await FrameProfiler.StartAsync(frames);
        var failures = await workload.RunAsync(page);
        var profiles = new List<FrameProfile>();
        foreach (var (frame, profile) in await profiler.StopAsync())
        {
            var file = $"{mechanism.Name}-{frame}.cpuprofile";
            await File.WriteAllTextAsync(Path.Combine(directory, file), profile.GetRawText());
            profiles.Add(new FrameProfile(frame, file, CpuProfileSummary.Summarize(profile, mechanism.IsOwnScript(servers.ServiceOrigin), workload.Calls)));
        }

        var counter = await MessageCounter.InstallAsync(frames);
        failures += await workload.RunAsync(page);
        return new MechanismProfile(mechanism, profiles, await counter.ReadAsync(workload.Calls), failures);
    }
}
