{{/* Names and labels, as `helm create` makes them. */}}
{{- define "fleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "fleet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "fleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "fleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fleet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* ClusterRoles and ClusterRoleBindings are cluster-wide: the namespace keeps two releases apart. */}}
{{- define "fleet.clusterScopedName" -}}
{{- printf "%s-%s" .Release.Namespace (include "fleet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleet.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The port the dashboard listens on in the pod (PORT). */}}
{{- define "fleet.appPort" -}}3000{{- end }}

{{/* Whether the oauth2-proxy sidecar fronts the dashboard. */}}
{{- define "fleet.sidecar" -}}
{{- if and (eq .Values.auth.mode "proxy") .Values.oauth2Proxy.enabled }}true{{ end }}
{{- end }}

{{/* The public URL: publicUrl, else the first Ingress host. */}}
{{- define "fleet.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- $host := (index .Values.ingress.hosts 0).host }}
{{- printf "%s://%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) $host }}
{{- end }}
{{- end }}

{{/* The Secret holding the proxy's shared secret, and its key. */}}
{{- define "fleet.proxySecretName" -}}
{{- default (printf "%s-proxy" (include "fleet.fullname" .)) .Values.auth.proxy.existingSecret }}
{{- end }}
{{- define "fleet.proxySecretKey" -}}
{{- if .Values.auth.proxy.existingSecret }}{{ .Values.auth.proxy.existingSecretKey }}{{ else }}proxy-secret{{ end }}
{{- end }}

{{/*
Impersonation flavour, resolved: constrained impersonation (KEP-5284) is beta and on by default
from Kubernetes 1.36 (k8s.io/apiserver pkg/features/kube_features.go, ConstrainedImpersonation).
*/}}
{{- define "fleet.impersonationMode" -}}
{{- $mode := .Values.rbac.impersonation.mode }}
{{- if eq $mode "auto" }}
{{- if semverCompare ">=1.36.0-0" .Capabilities.KubeVersion.Version }}constrained{{ else }}legacy{{ end }}
{{- else }}
{{- $mode }}
{{- end }}
{{- end }}
