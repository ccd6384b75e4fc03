namespace Bridge.UnitTests.Infrastructure;

internal static class HttpResponseMessageExtensions
{
    /// <summary>A header's value, from the response or its content headers, or null when it is absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
