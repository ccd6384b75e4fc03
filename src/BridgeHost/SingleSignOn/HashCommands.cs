namespace Bridge.SingleSignOn;

/// <summary>
/// The host's commands for the SSO's configuration, so that no one writes a password or a secret into it:
/// <c>hash-password</c> reads a password from standard input and prints its hash (for
/// <c>SingleSignOn:Users:{name}:PasswordHash</c>); <c>new-client-secret</c> prints a new app secret and its hash (for
/// <c>SingleSignOn:Apps:{name}:ClientSecret</c> and <c>ClientSecretHash</c>).
/// </summary>
public static class HashCommands
{
    /// <summary>Runs the command <paramref name="args"/> names and returns true, or returns false when it names none.</summary>
    public static bool TryRun(string[] args, TextReader input, TextWriter output)
    {
        switch (args.FirstOrDefault())
        {
            case "hash-password":
                var password = input.ReadLine();
                if (string.IsNullOrEmpty(password))
                {
                    output.WriteLine("hash-password reads the password from standard input, e.g. `read -rs p; echo \"$p\" | dotnet run --project src/BridgeHost -- hash-password`.");
                    Environment.ExitCode = 2;
                    return true;
                }
                output.WriteLine(Passwords.Hash(password));
                return true;
            case "new-client-secret":
                var secret = ClientSecrets.Create();
                output.WriteLine($"ClientSecret (the app's server): {secret}");
                output.WriteLine($"ClientSecretHash (the SSO service): {ClientSecrets.Hash(secret)}");
                return true;
            default:
                return false;
        }
    }
}
