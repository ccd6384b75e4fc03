namespace Bridge.UnitTests.Infrastructure;

internal static class CorsRequests
{
    /// <summary>A CORS preflight as a browser sends it from <paramref name="origin"/>.</summary>
    public static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
