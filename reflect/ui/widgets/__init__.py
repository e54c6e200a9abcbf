"""Reusable widgets: the period picker, charts, the heatmap, a checklist item row…"""
