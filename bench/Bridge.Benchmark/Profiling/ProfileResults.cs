namespace Bridge.Benchmark.Profiling;

/// <summary>One profiling run: when, on what, the workload, and what each mechanism's frames did per call.</summary>
internal sealed record ProfileResults(
    DateTimeOffset Started,
    string? Commit,
    MachineInfo Machine,
    string BrowserVersion,
    (double? Start, double? End) Load,
    ProfileWorkload Workload,
    IReadOnlyList<MechanismProfile> Mechanisms);

/// <summary>
/// A mechanism's frames' profiles, their renderers' CPU, every process's CPU, its messages, and the calls in flight
/// that failed in any pass.
/// </summary>
internal sealed record MechanismProfile(
    ProfiledMechanism Mechanism,
    IReadOnlyList<FrameProfile> Frames,
    IReadOnlyList<FrameCpu> Cpu,
    MachineCpuPerCall MachineCpu,
    MessageCounts Messages,
    int Failures);

/// <summary>One frame's profile: the frame's name, the .cpuprofile file written beside the report, and its summary.</summary>
internal sealed record FrameProfile(string Frame, string File, CpuProfileSummary Summary);
