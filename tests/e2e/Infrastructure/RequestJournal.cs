using System.Collections.Concurrent;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>Every request the demo service received, so a test can prove that a refused call reached nothing.</summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<string> requests = new();

    public void Record(HttpRequest request) => requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");

    /// <summary>The requests whose target contains <paramref name="marker"/> (tests tag their calls with a unique one).</summary>
    public IReadOnlyList<string> Matching(string marker) => [.. requests.Where(entry => entry.Contains(marker, StringComparison.Ordinal))];
}
