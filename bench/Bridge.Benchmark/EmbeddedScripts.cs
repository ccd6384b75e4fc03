namespace Bridge.Benchmark;

/// <summary>The scripts embedded in the assembly (see the csproj), read by their logical names.</summary>
internal static class EmbeddedScripts
{
    public static byte[] Read(string logicalName)
    {
        using var stream = typeof(EmbeddedScripts).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"{logicalName} is not embedded in the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
