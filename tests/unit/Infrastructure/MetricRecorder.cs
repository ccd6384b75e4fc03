using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bridge.Relay;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>
/// The relay's counter increments from one service provider's meter only (tests run in parallel, each with its own
/// <see cref="IMeterFactory"/>), recorded as they happen.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags)> measurements = new();

    public MetricRecorder(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == RelayMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }
            measurements.Enqueue((instrument.Name, value, copy));
        });
        listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s increments, of those with the tag when one is given.</summary>
    public long Sum(string instrument, string? tag = null, string? tagValue = null) =>
        measurements
            .Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var value) && Equals(value, tagValue))))
            .Sum(m => m.Value);

    /// <summary>The tags of every increment of <paramref name="instrument"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Tags(string instrument) =>
        [.. measurements.Where(m => m.Instrument == instrument).Select(m => m.Tags)];

    public void Dispose() => listener.Dispose();
}
