# Authenticode signing of one file, or of every .exe in a folder: the app's executables
# after PyInstaller (release.yml), and the installer and its uninstaller, which Inno Setup
# signs through this script (its SignTool directive, SignedUninstaller=yes).
#
#   powershell -NoProfile -ExecutionPolicy Bypass -File installer\windows\sign.ps1 <file-or-folder>
#
# Two ways, read from the environment (GitHub Actions secrets in release.yml):
# 1. A certificate file:  WINDOWS_CERT_PFX (base64 of the .pfx), WINDOWS_CERT_PASSWORD.
#    (Certificates issued since June 2023 live on a hardware token or an HSM and cannot
#    be exported to a .pfx: this suits an older certificate or an internal CA.)
# 2. Azure Trusted Signing (Microsoft's cloud signing service, no key to keep):
#    AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (an app registration with the
#    "Trusted Signing Certificate Profile Signer" role), AZURE_SIGNING_ENDPOINT
#    (e.g. https://weu.codesigning.azure.net), AZURE_SIGNING_ACCOUNT, AZURE_SIGNING_PROFILE.
# Neither configured: exit 0 without signing (release.yml then says the build is unsigned).
# Every signature is SHA-256 with an RFC 3161 timestamp, so it outlives the certificate.
param([Parameter(Mandatory = $true)][string]$Target)
$ErrorActionPreference = "Stop"

function Find-SignTool {
  $kits = "${env:ProgramFiles(x86)}\Windows Kits\10\bin"
  $found = Get-ChildItem -Path $kits -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
    Where-Object { $_.FullName -match "\\x64\\" } | Sort-Object FullName -Descending | Select-Object -First 1
  if (-not $found) { throw "signtool.exe introuvable (Windows SDK)" }
  return $found.FullName
}

$files = if (Test-Path $Target -PathType Container) {
  Get-ChildItem -Path $Target -Filter *.exe | ForEach-Object { $_.FullName }
} else { @((Resolve-Path $Target).Path) }

if ($env:WINDOWS_CERT_PFX) {
  $signtool = Find-SignTool
  $pfx = Join-Path $env:RUNNER_TEMP "codesign.pfx"
  if (-not (Test-Path $pfx)) {
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERT_PFX))
  }
  foreach ($f in $files) {
    & $signtool sign /fd SHA256 /f $pfx /p $env:WINDOWS_CERT_PASSWORD `
      /tr http://timestamp.digicert.com /td SHA256 /d "RTES Desktop" $f
    if ($LASTEXITCODE -ne 0) { throw "signtool a échoué sur $f" }
  }
} elseif ($env:AZURE_SIGNING_ACCOUNT) {
  $signtool = Find-SignTool
  $client = Join-Path $env:RUNNER_TEMP "trusted-signing"
  $dlib = Get-ChildItem -Path $client -Recurse -Filter Azure.CodeSigning.Dlib.dll -ErrorAction SilentlyContinue |
    Where-Object { $_.FullName -match "\\x64\\" } | Select-Object -First 1
  if (-not $dlib) {
    nuget install Microsoft.Trusted.Signing.Client -OutputDirectory $client -NonInteractive | Out-Null
    $dlib = Get-ChildItem -Path $client -Recurse -Filter Azure.CodeSigning.Dlib.dll |
      Where-Object { $_.FullName -match "\\x64\\" } | Select-Object -First 1
  }
  $metadata = Join-Path $env:RUNNER_TEMP "trusted-signing.json"
  @{ Endpoint = $env:AZURE_SIGNING_ENDPOINT; CodeSigningAccountName = $env:AZURE_SIGNING_ACCOUNT;
     CertificateProfileName = $env:AZURE_SIGNING_PROFILE } | ConvertTo-Json | Set-Content $metadata
  foreach ($f in $files) {
    & $signtool sign /v /fd SHA256 /tr http://timestamp.acs.microsoft.com /td SHA256 `
      /dlib $dlib.FullName /dmdf $metadata $f
    if ($LASTEXITCODE -ne 0) { throw "signtool (Azure Trusted Signing) a échoué sur $f" }
  }
} else {
  Write-Host "sign.ps1: no signing secret configured, $($files.Count) file(s) left unsigned"
  exit 0
}
foreach ($f in $files) {
  & $signtool verify /pa $f
  if ($LASTEXITCODE -ne 0) { throw "signature invalide : $f" }
}
