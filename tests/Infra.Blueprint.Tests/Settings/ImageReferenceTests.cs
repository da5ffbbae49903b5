using Infra.Blueprint.Settings;

namespace Infra.Blueprint.Tests.Settings;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("ghcr.io/acme/app:1.4.2@sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3", "ghcr.io/acme/app", "1.4.2")]
    [InlineData("registry.example.com:5000/team/app:v2@sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3", "registry.example.com:5000/team/app", "v2")]
    [InlineData("nginx:1.27.3-alpine@sha256:41523187cf7d7a2f2677a80609d9caa14388bf5c1fbca9c410ba3de602aaaab4", "nginx", "1.27.3-alpine")]
    public void APinnedReferenceRoundTrips(string text, string repository, string tag)
    {
        Assert.True(ImageReference.TryParse(text, out var image, out _));
        Assert.Equal((repository, tag), (image!.Repository, image.Tag));
        Assert.Equal(text, image.ToString());
    }

    [Theory]
    [InlineData("ghcr.io/acme/app:latest")]
    [InlineData("ghcr.io/acme/app")]
    [InlineData("GHCR.io/acme/app:1@sha256:4c2a0b1e5f6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3")]
    [InlineData("ghcr.io/acme/app:1@sha512:4c2a")]
    public void AnUnpinnedOrMalformedReferenceIsRefused(string text) =>
        Assert.False(ImageReference.TryParse(text, out _, out _));
}
