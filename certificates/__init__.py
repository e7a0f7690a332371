"""Certificates: completion rules, certificate records, PDF rendering and public verification.
Arrives with the Certification issue.
"""
