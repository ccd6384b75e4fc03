using Bridge.Benchmark.Peers;
using Microsoft.Playwright;

namespace Bridge.Benchmark.Profiling;

/// <summary>
/// The profiling mode (<c>--profile DIR</c>), run instead of the benchmark: each mechanism of
/// <see cref="ProfiledMechanism.All"/> in Chromium, cross-site, in a page of its own, warmed up; one pass of
/// <see cref="ProfileWorkload"/> under the CPU profiler of the page and of the relay frame (DIR/{mechanism}-{frame}.cpuprofile),
/// then a second pass counting the messages. Then, with every page still open, <see cref="CpuRounds"/> rounds that run
/// the workload once in each page in turn, timing its renderers' CPU (<see cref="RendererCpu"/>) and every process's
/// (<see cref="MachineCpu"/>): taken in turn, the mechanisms share whatever the machine does meanwhile, and each
/// figure is its median over the rounds. Then DIR/profile.md (<see cref="ProfileReport"/>). Same-site is not profiled:
/// there Chromium runs the relay frame in the page's renderer, so the two sides would share one profile.
/// </summary>
internal static class ProfileRun
{
    public const string ReportFile = "profile.md";

    /// <summary>Rounds of renderer CPU timing: on two cores one round's figures move by 10 to 20 %, their median less.</summary>
    public const int CpuRounds = 5;

    public static async Task RunAsync(PeerScripts peers, ProfileWorkload workload, string directory, string? commit)
    {
        Directory.CreateDirectory(directory);
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.LoadAverage();
        await using var servers = await BenchmarkServers.StartAsync(SiteSetup.Cross, peers);
        using var playwright = await Playwright.CreateAsync();
        var browser = await BrowserLauncher.LaunchAsync(playwright, "chromium");
        var pages = new List<BenchmarkPage>();
        try
        {
            var profiled = new List<Profiled>();
            foreach (var mechanism in ProfiledMechanism.All)
            {
                var page = await BenchmarkPage.OpenAsync(browser, servers, mechanism.Name);
                pages.Add(page);
                profiled.Add(await ProfileAsync(page, servers, mechanism, workload, directory));
            }
            var cpu = await TimeCpuAsync(profiled, workload);
            var mechanisms = profiled.Select((run, index) => new MechanismProfile(
                run.Mechanism, run.Profiles, cpu[index].Frames, cpu[index].Machine, run.Messages, run.Failures + cpu[index].Failures)).ToList();
            var results = new ProfileResults(started, commit, MachineInfo.Read(), browser.Version, (loadAtStart, MachineInfo.LoadAverage()), workload, mechanisms);
            var report = ProfileReport.Render(results);
            Console.WriteLine(report);
            await File.WriteAllTextAsync(Path.Combine(directory, ReportFile), report);
            Console.Error.WriteLine($"Written to {directory}: {ReportFile} and the profiles beside it.");
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
            await browser.CloseAsync();
        }
    }

    /// <summary>A mechanism's page, profiled and counted, with the frames the CPU rounds time.</summary>
    private sealed record Profiled(
        ProfiledMechanism Mechanism, BenchmarkPage Page, MechanismFrames Frames, IReadOnlyList<FrameProfile> Profiles, MessageCounts Messages, int Failures);

    private static async Task<Profiled> ProfileAsync(
        BenchmarkPage page, BenchmarkServers servers, ProfiledMechanism mechanism, ProfileWorkload workload, string directory)
    {
        Console.Error.WriteLine($"[profile, cross-site, chromium] {mechanism.Name}: {workload.Calls} calls profiled, then as many counted");
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
        return new Profiled(mechanism, page, frames, profiles, await counter.ReadAsync(workload.Calls), failures);
    }

    /// <summary>
    /// Each mechanism's frames' CPU per call and every process's (the median of each figure over the rounds), in the
    /// order given, and how many of its calls in flight failed in the rounds.
    /// </summary>
    private static async Task<IReadOnlyList<(IReadOnlyList<FrameCpu> Frames, MachineCpuPerCall Machine, int Failures)>> TimeCpuAsync(
        IReadOnlyList<Profiled> profiled, ProfileWorkload workload)
    {
        Console.Error.WriteLine($"[profile, cross-site, chromium] CPU: {CpuRounds} rounds of {workload.Calls} calls in each page in turn");
        var rounds = profiled.Select(_ => new List<IReadOnlyList<FrameCpu>>()).ToList();
        var machine = profiled.Select(_ => new List<MachineCpuPerCall>()).ToList();
        var failures = new int[profiled.Count];
        for (var round = 0; round < CpuRounds; round++)
        {
            for (var index = 0; index < profiled.Count; index++)
            {
                var cpu = await RendererCpu.StartAsync(profiled[index].Frames);
                var all = MachineCpu.Start();
                failures[index] += await workload.RunAsync(profiled[index].Page);
                machine[index].Add(all.Stop(workload.Calls));
                rounds[index].Add(await cpu.StopAsync(workload.Calls));
            }
        }
        return [.. rounds.Select((frames, index) => (FrameCpu.Medians(frames), MachineCpuPerCall.Medians(machine[index]), failures[index]))];
    }
}
