{{/* The oauth2-proxy sidecar: the Service's only way to the dashboard in proxy mode. */}}
{{- define "fleet.oauth2ProxyContainer" -}}
- name: oauth2-proxy
  image: {{ printf "%s:%s" .Values.oauth2Proxy.image.repository .Values.oauth2Proxy.image.tag | quote }}
  imagePullPolicy: {{ .Values.oauth2Proxy.image.pullPolicy }}
  args:
    - --alpha-config=/etc/oauth2-proxy/config/alpha-config.yaml
    {{- if .Values.ingress.enabled }}
    # Behind the Ingress controller: trust its X-Forwarded-Proto/Host for redirects.
    - --reverse-proxy=true
    {{- end }}
    {{- range .Values.oauth2Proxy.extraArgs }}
    - {{ . | quote }}
    {{- end }}
  env:
    - name: OAUTH2_PROXY_COOKIE_SECRET
      valueFrom:
        secretKeyRef:
          name: {{ .Values.oauth2Proxy.existingSecret }}
          key: cookie-secret
    - name: ACK_FLEET_PROXY_SECRET
      valueFrom:
        secretKeyRef:
          name: {{ include "fleet.proxySecretName" . }}
          key: {{ include "fleet.proxySecretKey" . }}
  ports:
    - name: proxy
      containerPort: {{ .Values.oauth2Proxy.port }}
      protocol: TCP
  livenessProbe:
    httpGet:
      path: /ping
      port: proxy
  readinessProbe:
    httpGet:
      path: /ready
      port: proxy
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml .Values.oauth2Proxy.resources | nindent 4 }}
  volumeMounts:
    - name: oauth2-proxy-config
      mountPath: /etc/oauth2-proxy/config
      readOnly: true
    - name: oauth2-proxy-secrets
      mountPath: /etc/oauth2-proxy/secrets
      readOnly: true
{{- end }}
