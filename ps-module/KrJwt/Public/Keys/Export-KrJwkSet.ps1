<#
    .SYNOPSIS
        Exports the public parts of keys as a JWK Set document.
    .DESCRIPTION
        Collects every key given (by -Key or from the pipeline) and lets the native library write one JWK
        Set, {"keys":[...]}, with the public JWK of each (kr_jwt_jwks_export): no private member is ever
        written, and an HMAC secret is refused (KrJwt.InvalidArgument), since it has no public part.
        Publish the document (e.g. at /.well-known/jwks.json) or give it to New-KrJWTValidationParameter
        -Jwks. During key rotation, list the new key and the old one until the old one's tokens expire;
        each key carries its 'kid', which selects the key when tokens are validated.
        Without -Path the JSON text is written to the output; with -Path it is written to that file
        (UTF-8, no BOM) and the file object is written to the output (-WhatIf and -Confirm apply to the file).
        Export-KrJwks, the command's former (plural) name, is an alias, so existing scripts keep working.
    .PARAMETER Key
        The keys to publish (KrJwt.JwtKey from New-KrJWTKey or [KrJwt.JwtKey]::FromPem(), ...). Accepts
        pipeline input; all keys go into one document.
    .PARAMETER Path
        A file to write the document to (created or overwritten). Relative paths are resolved against the
        current location. Its folder must exist: else KrJwt.PathNotFound (ObjectNotFound); a file that
        cannot be written gives KrJwt.PermissionDenied (PermissionDenied) or KrJwt.WriteFailed (WriteError).
    .OUTPUTS
        System.String
        System.IO.FileInfo
    .EXAMPLE
        $current = New-KrJWTKey -Type EC
        $next = New-KrJWTKey -Type EC
        Export-KrJwkSet -Key $current, $next

        A JWK Set with both public keys, ready to publish before switching to the next key.
    .EXAMPLE
        $path = Join-Path ([System.IO.Path]::GetTempPath()) 'krjwt-example-jwks.json'
        New-KrJWTKey -Type RSA | Export-KrJwkSet -Path $path
        Remove-Item -LiteralPath $path

        Writes the JWK Set of a new RSA key to a file (and shows the file), then removes it.
    .EXAMPLE
        $key = [KrJwt.JwtKey]::FromJwk('{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}')
        (Export-KrJwks -Key $key | ConvertFrom-Json).keys[0].x
        # Output: 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo

        The former name Export-KrJwks still works (an alias of Export-KrJwkSet); the key is the Ed25519 public key of RFC 8037 appendix A.
    .LINK
        about_KrJwt
    .LINK
        ConvertTo-KrJwk
    .LINK
        New-KrJWTValidationParameter
#>
function Export-KrJwkSet {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess)]
    [Alias('Export-KrJwks')]
    [OutputType([string], [System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, Position = 0)]
        [KrJwt.JwtKey[]] $Key,

        [Parameter()]
        [string] $Path
    )

    begin {
        $keys = [System.Collections.Generic.List[KrJwt.JwtKey]]::new()
    }

    process {
        foreach ($item in $Key) {
            if ($null -ne $item) {
                $keys.Add($item)
            }
        }
    }

    end {
        try {
            $json = [KrJwt.JwtKey]::ExportJwks($keys.ToArray())
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $keys -Cmdlet $PSCmdlet
            throw
        }
        if (-not $PSBoundParameters.ContainsKey('Path')) {
            return $json
        }
        $target = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        $folder = [System.IO.Path]::GetDirectoryName($target)
        if (-not [string]::IsNullOrEmpty($folder) -and -not [System.IO.Directory]::Exists($folder)) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.IO.DirectoryNotFoundException]::new("Cannot write the JWK Set to '$target': the folder '$folder' does not exist. Create it first (New-Item -ItemType Directory)."),
                    'KrJwt.PathNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $target))
        }
        if ($PSCmdlet.ShouldProcess($target, 'Write JWK Set')) {
            try {
                [System.IO.File]::WriteAllText($target, $json, [System.Text.UTF8Encoding]::new($false))
            } catch {
                $failure = $_.Exception.GetBaseException()
                $errorId, $category = if ($failure -is [System.UnauthorizedAccessException]) {
                    'KrJwt.PermissionDenied', [System.Management.Automation.ErrorCategory]::PermissionDenied
                } elseif ($failure -is [System.IO.DirectoryNotFoundException]) {
                    'KrJwt.PathNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound
                } else {
                    'KrJwt.WriteFailed', [System.Management.Automation.ErrorCategory]::WriteError
                }
                Remove-KrJwtCaughtError -ErrorRecord $_
                $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                        [System.IO.IOException]::new("Cannot write the JWK Set to '$target': $($failure.Message)", $failure),
                        $errorId, $category, $target))
            }
            Get-Item -LiteralPath $target
        }
    }
}
