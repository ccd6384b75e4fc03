using Bridge.SingleSignOn;

namespace Bridge.UnitTests.SingleSignOn;

/// <summary>Users' password hashes and apps' client secrets, and the commands that make them.</summary>
public sealed class CredentialsTests
{
    [Fact]
    public void APasswordHashVerifiesThePasswordAloneAndIsNotThePassword()
    {
        var hash = Passwords.Hash("wonderland");
        var user = new SingleSignOnUser { PasswordHash = hash };

        Assert.True(Passwords.IsHash(hash));
        Assert.DoesNotContain("wonderland", hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, Passwords.Hash("wonderland"));
        Assert.True(Passwords.Verify(user, "wonderland"));
        Assert.False(Passwords.Verify(user, "Wonderland"));
        Assert.False(Passwords.Verify(user, ""));
    }

    [Fact]
    public void AnUnknownUserNeverVerifies() => Assert.False(Passwords.Verify(null, ""));

    [Theory]
    [InlineData("")]
    [InlineData("wonderland")]
    [InlineData("AQAAAA==")]
    [InlineData("5f4dcc3b5aa765d61d8327deb882cf99")]
    public void APlainPasswordOrAnotherHashIsNotAPasswordHash(string value) => Assert.False(Passwords.IsHash(value));

    [Fact]
    public void AClientSecretVerifiesAgainstItsHashInConstantTime()
    {
        var secret = ClientSecrets.Create();
        var hash = ClientSecrets.Hash(secret);

        Assert.Equal(43, secret.Length);
        Assert.True(ClientSecrets.IsHash(hash));
        Assert.True(ClientSecrets.Verify(hash, secret));
        Assert.False(ClientSecrets.Verify(hash, secret[..^1]));
        Assert.False(ClientSecrets.Verify(hash, ClientSecrets.Create()));
        Assert.False(ClientSecrets.Verify(null, secret));
        Assert.False(ClientSecrets.Verify("not a hash", secret));
        Assert.False(ClientSecrets.Verify(secret, secret));
    }

    [Fact]
    public void HashPasswordPrintsAHashOfTheLineItReads()
    {
        using var output = new StringWriter();

        Assert.True(HashCommands.TryRun(["hash-password"], new StringReader("wonderland\n"), output));

        var hash = output.ToString().Trim();
        Assert.True(Passwords.Verify(new SingleSignOnUser { PasswordHash = hash }, "wonderland"));
    }

    [Fact]
    public void NewClientSecretPrintsASecretAndItsHash()
    {
        using var output = new StringWriter();

        Assert.True(HashCommands.TryRun(["new-client-secret"], new StringReader(""), output));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var secret = lines[0].Split(": ")[1];
        var hash = lines[1].Split(": ")[1];
        Assert.True(ClientSecrets.Verify(hash, secret));
    }

    [Fact]
    public void AnyOtherArgumentsRunTheDemo()
    {
        using var output = new StringWriter();

        Assert.False(HashCommands.TryRun(["--urls", "http://localhost:1"], new StringReader(""), output));
        Assert.False(HashCommands.TryRun([], new StringReader(""), output));
        Assert.Empty(output.ToString());
    }
}
