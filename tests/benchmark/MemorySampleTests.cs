namespace Bridge.Benchmark.Tests;

/// <summary>The peaks of a memory reading, sample by sample.</summary>
public sealed class MemorySampleTests
{
    [Fact]
    public void EachMeasurePeaksOnItsOwnAndTheHeapTotalsPeakIsTheLargestInOneSample()
    {
        // The JS heap peaks in one sample and the ArrayBuffers in another: no sample held both.
        var peak = new[] { new MemorySample(10, 0, 300), new MemorySample(2, 9, 100), new MemorySample(1, 1, 200) }.Aggregate(MemorySample.Max);

        Assert.Equal((10.0, 9.0, 300.0), (peak.JsHeapBytes, peak.ArrayBufferBytes, peak.RendererResidentBytes));
        Assert.Equal(19.0, peak.HeapBytes);
        Assert.Equal(11.0, peak.PeakHeapBytes);
    }
}
