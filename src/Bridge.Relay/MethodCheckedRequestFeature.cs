using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Relay;

/// <summary>
/// The server's request feature for a relayed request the policy accepted, with one difference: a method change after
/// the check (a method-override middleware reading <c>_method</c> from a form body, say, which the policy cannot see
/// before the app reads the body) is checked against the site's methods, and refused by throwing
/// <see cref="RelayedMethodChangeRefusedException"/> before the app can act on it.
/// </summary>
internal sealed class MethodCheckedRequestFeature(IHttpRequestFeature server, SitePolicy site) : IHttpRequestFeature
{
    /// <summary>The method a refused change asked for, once one was refused (even if the app caught the exception).</summary>
    public string? RefusedMethod { get; private set; }

    public string Method
    {
        get => server.Method;
        set
        {
            if (!site.AllowsMethod(value))
            {
                RefusedMethod = value;
                throw new RelayedMethodChangeRefusedException(server.Method, value);
            }
            server.Method = value;
        }
    }

    public string Protocol { get => server.Protocol; set => server.Protocol = value; }

    public string Scheme { get => server.Scheme; set => server.Scheme = value; }

    public string PathBase { get => server.PathBase; set => server.PathBase = value; }

    public string Path { get => server.Path; set => server.Path = value; }

    public string QueryString { get => server.QueryString; set => server.QueryString = value; }

    public string RawTarget { get => server.RawTarget; set => server.RawTarget = value; }

    public IHeaderDictionary Headers { get => server.Headers; set => server.Headers = value; }

    public Stream Body { get => server.Body; set => server.Body = value; }

    /// <summary>The server's feature, to put back after the request.</summary>
    public IHttpRequestFeature Server => server;

    /// <summary>Puts the wrapper in front of the server's feature, when there is one.</summary>
    public static MethodCheckedRequestFeature? Apply(IFeatureCollection features, SitePolicy site)
    {
        if (features.Get<IHttpRequestFeature>() is not { } server)
        {
            return null;
        }
        var wrapper = new MethodCheckedRequestFeature(server, site);
        features.Set<IHttpRequestFeature>(wrapper);
        return wrapper;
    }
}

/// <summary>
/// Thrown when something in the app's pipeline changes a relayed request's method to one its site does not allow;
/// <see cref="RelayPolicyMiddleware"/> answers it as a <c>method-not-allowed</c> refusal.
/// </summary>
internal sealed class RelayedMethodChangeRefusedException(string checkedMethod, string newMethod)
    : InvalidOperationException($"A relayed request checked as {checkedMethod} was changed to {newMethod}, which its site's relay policy does not allow.")
{
    public string CheckedMethod { get; } = checkedMethod;

    public string NewMethod { get; } = newMethod;
}
