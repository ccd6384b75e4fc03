using Microsoft.Extensions.Options;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>The options validators' contract: every problem at once, one failure per expected problem.</summary>
internal static class FailureAssert
{
    /// <summary>
    /// <paramref name="failures"/> are exactly as many as <paramref name="expectedStarts"/>, and each expected start
    /// (a key, its value and the start of the problem) begins one of them.
    /// </summary>
    public static void StartExactly(IEnumerable<string> failures, IReadOnlyCollection<string> expectedStarts)
    {
        var list = failures.ToList();
        foreach (var start in expectedStarts)
        {
            Assert.Contains(list, failure => failure.StartsWith(start, StringComparison.Ordinal));
        }
        Assert.Equal(expectedStarts.Count, list.Count);
    }

    /// <summary>The validation failed with exactly the expected problems (<see cref="StartExactly"/>).</summary>
    public static void FailedWithExactly(ValidateOptionsResult result, IReadOnlyCollection<string> expectedStarts)
    {
        Assert.True(result.Failed);
        StartExactly(result.Failures!, expectedStarts);
    }
}
